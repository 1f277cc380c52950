// The application's HTTP surface: authentication middleware (session cookie + CSRF, or bearer
// token), the routes of every module, static hosting of the web app with SPA fallback, and the
// OpenAPI document generated from the route table.
#pragma once

#include <memory>
#include <string>

#include "auth/crypto.h"
#include "aiinterview/aiinterview.h"
#include "blob/blob.h"
#include "core/date.h"
#include "http/router.h"
#include "jobs/jobs.h"
#include "http/server.h"
#include "store/store.h"

namespace http {

struct ApiDeps {
  store::Db& db;
  const core::Clock& clock;
  const auth::FieldCipher& cipher;
  std::string web_dir;          // built web app (index.html + assets); may not exist
  bool secure_cookies = false;  // set the Secure attribute (behind TLS)
  jobs::Queue* queue = nullptr;  // for the admin jobs page (retry); may be null
  blob::Store* files = nullptr;  // uploaded files (resumes); required
  aiinterview::Deps* interview = nullptr;  // AI interview files, links and mailer; required
};

class Api {
 public:
  explicit Api(ApiDeps deps);
  ~Api();
  Response Handle(Request& req);
  BodyPolicy Policy(const std::string& method, const std::string& path) const;
  const Router& router() const { return router_; }
  nlohmann::json OpenApi() const;

 private:
  void AddFoundationRoutes();
  void AddRecruitingRoutes();
  static nlohmann::json RecruitingSchemas();
  void AddPayrollRoutes();
  static nlohmann::json PayrollSchemas();
  void AddInterviewRoutes();
  static nlohmann::json InterviewSchemas();
  void AddHiringRoutes();      // routes_hiring.cpp
  void AddLifecycleRoutes();   // routes_lifecycle.cpp
  void AddAnalyticsRoutes();   // routes_analytics.cpp
  Response Static(const Request& req);
  ApiDeps deps_;
  Router router_;
  struct StaticCache;
  std::unique_ptr<StaticCache> static_;
  struct SessionCache;
  std::unique_ptr<SessionCache> sessions_;
};

}  // namespace http
