/**
 * 双向发榜 two-way matching: this area's pages (docs/web.md, "Adding a page"; docs/matching.md for
 * the API each calls). Browsing and a listing with its matches are public (the public area may call
 * only the public listing endpoints, which never carry contact details); publishing and engagements
 * are for organisation users; review, the broker desk and the funnel for staff.
 */
import { OFFICERS, type PageRoute, READERS } from '../../app/page-route.ts';
import type { Role } from '../../session.tsx';

/** Who reviews listings and sees the broker desk: officers and 技术经理人. */
const STAFF: Role[] = [...OFFICERS, 'broker'];
/** Whoever takes part in an engagement: the two organisations, the broker, officers. */
const PARTIES: Role[] = ['enterprise', ...STAFF, 'auditor'];

export const routes: PageRoute[] = [
  {
    path: 'matching',
    public: true,
    needs: '/api/matching/listings',
    load: () => import('./browse.tsx'),
    menu: { label: 'nav.matchingBrowse', group: 'matching', order: 1 },
  },
  {
    path: 'matching/listings/:id',
    public: true,
    needs: '/api/matching/listings/{id}/matches',
    load: () => import('./listing.tsx'),
  },
  {
    path: 'matching/publish',
    roles: ['enterprise'],
    needs: '/api/matching/listings',
    load: () => import('./publish.tsx'),
    menu: { label: 'nav.matchingPublish', group: 'matching', order: 2 },
  },
  {
    path: 'matching/listings/:id/edit',
    roles: ['enterprise'],
    needs: '/api/matching/listings/{id}',
    load: () => import('./publish.tsx'),
  },
  {
    path: 'matching/mine',
    roles: ['enterprise'],
    needs: '/api/matching/my/listings',
    load: () => import('./mine.tsx'),
    menu: { label: 'nav.matchingMine', group: 'matching', order: 3 },
  },
  {
    path: 'matching/interest',
    roles: ['enterprise'],
    needs: '/api/matching/interests',
    load: () => import('./express.tsx'),
  },
  {
    path: 'matching/interests',
    roles: PARTIES,
    needs: '/api/matching/interests',
    load: () => import('./interests.tsx'),
    menu: { label: 'nav.matchingInterests', group: 'matching', order: 4 },
  },
  {
    path: 'matching/interests/:id',
    roles: PARTIES,
    needs: '/api/matching/interests/{id}',
    load: () => import('./interest.tsx'),
  },
  {
    path: 'matching/review',
    roles: STAFF,
    needs: '/api/matching/review',
    load: () => import('./review.tsx'),
    menu: { label: 'nav.matchingReview', group: 'matching', order: 5 },
  },
  {
    path: 'matching/broker',
    roles: STAFF,
    needs: '/api/matching/broker/queue',
    load: () => import('./broker.tsx'),
    menu: { label: 'nav.matchingBroker', group: 'matching', order: 6 },
  },
  {
    path: 'matching/funnel',
    roles: READERS,
    needs: '/api/matching/funnel',
    load: () => import('./funnel.tsx'),
    menu: { label: 'nav.matchingFunnel', group: 'matching', order: 7 },
  },
];
