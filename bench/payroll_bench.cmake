# payroll_bench: throughput of the monthly payroll engine (employee-months/s on one core) against Frappe
# HRMS. Included from bench/CMakeLists.txt. Run: build/bench/payroll_bench [employees] [runs]
if(TARGET hireflow_payroll)
  add_executable(payroll_bench payroll_bench.cpp)
  target_link_libraries(payroll_bench PRIVATE hireflow_payroll)
endif()
