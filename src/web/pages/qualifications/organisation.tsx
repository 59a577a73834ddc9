/** 企业资质档案 (officers, auditors): one firm's file; officers record, revoke, downgrade, withdraw. */
import { useParams } from 'react-router';
import { Profile } from './profile.tsx';

export default function OrganisationPage() {
  const { id = '' } = useParams();
  return <Profile organisationId={id} />;
}
