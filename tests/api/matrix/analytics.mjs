// Analytics routes (issue 8 items 5-6, issue 7 item 6): dashboards for managers, the bias audit and
// adjustments for HR, self-identification public by single-use link.
import { HR, MANAGERS } from './roles.mjs';

export default {
  'GET /api/v1/analytics/funnel': MANAGERS,
  'GET /api/v1/analytics/funnel/applications': MANAGERS,
  'GET /api/v1/analytics/quality': MANAGERS,
  'GET /api/v1/analytics/prediction/model': MANAGERS,
  'POST /api/v1/analytics/predictions': MANAGERS,
  'GET /api/v1/analytics/salary-trends': MANAGERS,
  'GET /api/v1/analytics/export/{table}': MANAGERS,
  'GET /api/v1/analytics/status': MANAGERS,
  'POST /api/v1/analytics/refresh': HR,
  'GET /api/v1/analytics/bias-audit': HR,
  'POST /api/v1/analytics/self-identification/links': HR,
  'GET /api/v1/self-identification/{token}': 'public',
  'POST /api/v1/self-identification/{token}': 'public',
  'POST /api/v1/analytics/adjustments/generate': HR,
  'GET /api/v1/analytics/adjustments': HR,
  'POST /api/v1/analytics/adjustments/{id}/approve': HR,
  'POST /api/v1/analytics/adjustments/{id}/reject': HR,
};
