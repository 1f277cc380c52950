// Lifecycle routes: attendance, leave, performance reviews, training and offboarding.
#include "http/api.h"
#include "http/route_kit.h"

namespace http {

void Api::AddLifecycleRoutes() {}

}  // namespace http
