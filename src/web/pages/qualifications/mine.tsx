/** 我的资质 (enterprise): its own file — holdings, events, tier history, reward notices, pools. */
import { Profile } from './profile.tsx';

export default function MinePage() {
  return <Profile organisationId={null} />;
}
