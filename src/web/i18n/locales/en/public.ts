/** The `public` namespace in English; the keys are those of zh/public.ts (checked by the type). */
import type zh from '../zh/public.ts';

const en: Record<keyof typeof zh, string> = {
  'notices.title': 'Public notices',
  'notices.intro': 'Projects to be funded are published before payment; during the notice anyone may object.',
  'notices.which': 'Show',
  'notices.all': 'All notices',
  'notices.open': 'Open (objections taken)',
  'notices.empty': 'No notices.',
  'notices.back': 'Back to the notices',
  'notice.project': 'Project',
  'notice.applicant': 'Applicant',
  'notice.measure': 'Measure',
  'notice.amount': 'Amount to be granted',
  'notice.window': 'Notice period',
  'notice.status': 'Status',
  'notice.status.open': 'Open',
  'notice.status.closed': 'Closed',
  'object.title': 'Object to this notice',
  'object.intro':
    'If you believe the project does not qualify or the facts are wrong, object before the end of {end}: state the facts and your reasons; an officer will check and contact you.',
  'object.name': 'Your name or organisation (optional)',
  'object.nameHint': 'Leave empty to stay anonymous.',
  'object.contact': 'Telephone or e-mail',
  'object.contactHint': 'Only for the officer to reach you; never published.',
  'object.text': 'Your objection',
  'object.textHint': 'At least 10 characters: the facts and your reasons.',
  'object.submit': 'Submit the objection',
  'object.received': 'Objection received',
  'object.receivedDetail': 'Received on {date}, reference {ref}. An officer will check it and contact you.',
  'object.closed': 'The notice period ended on {end}; objections are no longer taken.',
};

export default en;
