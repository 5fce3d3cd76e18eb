import { answer, api } from '../api/client';
import { ErrorMessage, Loading, Page } from '../app/Page';
import { useResource } from '../app/useResource';
import { PasswordForm } from '../profile/PasswordForm';
import { ProfileForm } from '../profile/ProfileForm';

export function ProfilePage() {
  const profile = useResource(() => answer(api.GET('/v1/me')), []);
  return (
    <Page title="Profile">
      {profile.error ? <ErrorMessage error={profile.error} /> : null}
      {profile.data ? (
        <>
          <p className="lead">
            Signed in as <strong>{profile.data.email}</strong>.
          </p>
          <ProfileForm profile={profile.data} />
          <PasswordForm email={profile.data.email} />
        </>
      ) : profile.loading ? (
        <Loading lines={8} />
      ) : null}
    </Page>
  );
}
