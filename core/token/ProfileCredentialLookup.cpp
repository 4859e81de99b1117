// A profile's credentials: keychain static keys or the credential chain.
#include "token/ProfileCredentialLookup.h"

#include "aws/CredentialChain.h"
#include "profiles/ProfileSigner.h"
#include "profiles/SecretStore.h"

#include <QPointer>
#include <QProcessEnvironment>

#include <memory>

namespace signet::token {

using profiles::ConnectionProfile;
using profiles::ProfileSigner;

TokenSessions::CredentialLookup profileCredentialLookup(profiles::SecretStore &secrets, const Clock &clock)
{
    return [&secrets, &clock](const ConnectionProfile &profile, const aws::MfaPrompt &mfaPrompt,
                              QObject *context, aws::ResultCallback<aws::ResolvedCredentials> done) {
        if (profile.credentialSource == profiles::CredentialSource::StaticKeys) {
            secrets.read(
                profiles::SecretStore::keyFor(profile.id, profiles::SecretStore::staticKeysPurpose()),
                context, [done](const Result<SecretString> &stored) {
                    if (!stored)
                        return done(stored.error());
                    auto keys = ProfileSigner::decodeStaticKeys(*stored);
                    if (!keys)
                        return done(keys.error());
                    aws::ResolvedCredentials resolved;
                    resolved.credentials = std::move(keys).value();
                    resolved.provider = QStringLiteral("keychain");
                    done(std::move(resolved));
                });
            return;
        }
        aws::CredentialChainOptions options;
        options.clock = &clock;
        options.mfaPrompt = mfaPrompt;
        auto chain =
            std::make_shared<aws::CredentialChain>(QProcessEnvironment::systemEnvironment(), options);
        QPointer<QObject> alive(context);
        chain->resolve(ProfileSigner::chainProfile(profile),
                       [alive, chain, profile, done](Result<aws::ResolvedCredentials> resolved) {
                           if (alive)
                               done(ProfileSigner::acceptResolved(profile, std::move(resolved)));
                       });
    };
}

} // namespace signet::token
