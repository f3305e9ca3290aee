/**
 * What the bot itself recorded, one line each as people read it: an alert not yet resolved, an
 * access request and how it ended. The alerts and access features write them from their books;
 * reports (and anything else that lists them) read them without knowing either feature.
 */

/** One access request: who asked, for what, how it ended, who answered. */
export interface AccessFact {
  when: string;
  kind: 'remote' | 'break-glass';
  who: string;
  device?: string;
  outcome: string;
  reason: string;
  answeredBy?: string;
  /** A break-glass's review: still to be done, or the reviewer's verdict. */
  review?: 'pending' | 'justified' | 'not justified';
}

/** One act in the RMM's own console (Action1's audit trail), as a report lists it. */
export interface ConsoleFact {
  when: string;
  who: string;
  event: string;
  description: string;
}

/** One alert that is not resolved. */
export interface AlertFact {
  device: string;
  condition: string;
  since: string;
  state: string;
  escalated: boolean;
}
