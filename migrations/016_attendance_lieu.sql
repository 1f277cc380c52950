-- Time off in lieu (调休, 劳动法第44条第2项): rest-day overtime compensated with time off instead of
-- 200% pay. A choice per day record ('pay' | 'time_off'); sending the month to payroll skips the
-- rest-day overtime of 'time_off' days.
ALTER TABLE attendance_records ADD COLUMN rest_day_compensation TEXT NOT NULL DEFAULT 'pay';
