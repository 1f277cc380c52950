// Analytics routes: funnel, quality of hire, prediction, salary trends and the bias audit.
#include "http/api.h"
#include "http/route_kit.h"

namespace http {

void Api::AddAnalyticsRoutes() {}

}  // namespace http
