// The report every CSV import route answers (employees, labour contracts, candidates, …), as far as
// CsvImportWizard.vue reads it; a route may add more (format, duplicates) for the page's own slots.
export interface WizardProblem {
  row: number
  field: string
  problem: string
  // A readable name of the row (e.g. the candidate's name), when the route gives one.
  label?: string
}
export interface WizardReport {
  total_rows: number
  valid_rows: number
  imported: number
  problems: WizardProblem[]
}
