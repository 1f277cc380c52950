// Payroll routes added for compensation planning, city rule tables and payslip PDFs (the earlier
// payroll routes are listed in foundation.test.mjs).
import { HR, MANAGERS } from './roles.mjs';

const OWN = ['admin', 'hr', 'employee'];

export default {
  'GET /api/v1/payroll/payslips/{id}/pdf': OWN,
  'GET /api/v1/payroll/bands': HR,
  'POST /api/v1/payroll/bands': HR,
  'POST /api/v1/payroll/bands/import': HR,
  'PATCH /api/v1/payroll/bands/{id}': HR,
  'DELETE /api/v1/payroll/bands/{id}': HR,
  'GET /api/v1/payroll/market': HR,
  'POST /api/v1/payroll/market/import': HR,
  'GET /api/v1/payroll/offer-pricing/rules': MANAGERS,
  'POST /api/v1/payroll/offer-pricing/rules': HR,
  'POST /api/v1/payroll/offer-pricing': MANAGERS,
  'GET /api/v1/payroll/city-rules': HR,
  'POST /api/v1/payroll/city-rules/overrides': HR,
  'PATCH /api/v1/payroll/city-rules/overrides/{id}': HR,
  'DELETE /api/v1/payroll/city-rules/overrides/{id}': HR,
};
