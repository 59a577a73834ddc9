/** The `fund` namespace in English; the keys are those of zh/fund.ts (checked by the type). */
import type zh from '../zh/fund.ts';

const en: Record<keyof typeof zh, string> = {
  'fund.title': 'Fund and ledger',
  'fund.intro': 'The special fund: budget, committed (approved) and paid, by document, year and measure.',
  'fund.fund': 'Fund (document)',
  'fund.year': 'Year',
  'fund.budget': 'Budget',
  'fund.committed': 'Committed',
  'fund.paid': 'Paid',
  'fund.available': 'Available',
  'fund.outstanding': 'To pay',
  'fund.grants': 'Grants',
  'fund.paymentsCount': 'Payments',
  'fund.noBudget': 'not set',
  'fund.byMeasure': 'By measure',
  'fund.byFund': 'Budget execution',
  'fund.chartFund': 'Budget, committed and paid by fund and year',
  'fund.chartMeasure': 'Committed and paid by measure',
  'fund.setBudget': 'Set the budget',
  'fund.amountWan': 'Budget (10k yuan)',
  'fund.saved': 'Budget saved',
  'fund.empty': 'No ledger entries yet.',
  'fund.amount': 'Budget',
  'fund.yearFormat': 'enter a four-digit year',
  'fund.measure': 'Measure',
  'fund.due': 'Due back',
  'fund.returned': 'Returned',
  'fund.receivable': 'Still to recover',
  'fund.net': 'Net spend (paid − returned)',
};

export default en;
