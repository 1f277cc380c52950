// Hiring routes: decisions, offers, background checks, onboarding and the new hire's links.
#include "http/api.h"
#include "http/route_kit.h"

namespace http {

void Api::AddHiringRoutes() {}

}  // namespace http
