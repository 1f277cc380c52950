// Role sets for the route × role matrix. Each domain lists its routes in tests/api/matrix/<domain>.mjs
// (default export: {'METHOD /path': roles | 'public'}); foundation.test.mjs merges them and checks that
// every route of the OpenAPI document is listed exactly once and answers each role as listed.
export const ROLES = ['admin', 'hr', 'hiring_manager', 'interviewer', 'employee'];
export const STAFF = ROLES;
export const HR = ['admin', 'hr'];
export const ADMIN = ['admin'];
export const READERS = ['admin', 'hr', 'hiring_manager', 'interviewer'];
export const MANAGERS = ['admin', 'hr', 'hiring_manager'];
