# HireFlow — the two-command quick start: `make run` and `make test`.
BUILD_DIR ?= build
PORT ?= 8080
DATA ?= var
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: run test build deps cpp web bench clean

run: build
	./$(BUILD_DIR)/hireflow serve --data $(DATA) --port $(PORT) --seed-demo

test: build
	scripts/test.sh

build: deps cpp web

deps:
	@scripts/deps.sh

cpp:
	@[ -f $(BUILD_DIR)/build.ninja ] || cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(BUILD_DIR) -j $(JOBS)

web:
	@if [ ! -f web/dist/index.html ] || [ -n "$$(find web/src web/index.html web/package.json -newer web/dist/index.html 2>/dev/null | head -1)" ]; then \
	  cd web && npm run build; fi

bench: build
	scripts/bench.sh

clean:
	rm -rf $(BUILD_DIR) web/dist
