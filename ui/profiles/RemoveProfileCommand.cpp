// RemoveProfileCommand: store removal and re-insertion at the same place, with the secret carried along.
#include "profiles/RemoveProfileCommand.h"

#include "common/SecretString.h"
#include "profiles/ProfileStore.h"
#include "profiles/SecretStore.h"

namespace signet::ui {

RemoveProfileCommand::RemoveProfileCommand(profiles::ProfileStore &store, profiles::SecretStore &secrets,
                                           QObject *context, const profiles::ConnectionProfile &profile)
    : QUndoCommand(QObject::tr("Delete \"%1\"").arg(profile.name))
    , m_store(store)
    , m_secrets(secrets)
    , m_context(context)
    , m_profile(profile)
    , m_keys(std::make_shared<SecretString>())
{}

RemoveProfileCommand::~RemoveProfileCommand() = default;

void RemoveProfileCommand::redo()
{
    m_index = m_store.indexOf(m_profile.id);
    if (auto removed = m_store.remove(m_profile.id); !removed) {
        setObsolete(true);
        return;
    }
    if (m_profile.credentialSource != profiles::CredentialSource::StaticKeys)
        return;
    const QString key =
        profiles::SecretStore::keyFor(m_profile.id, profiles::SecretStore::staticKeysPurpose());
    auto keys = m_keys;
    auto &secrets = m_secrets;
    auto *context = m_context;
    m_secrets.read(key, m_context, [keys, key, &secrets, context](const Result<SecretString> &stored) {
        if (!stored)
            return;
        *keys = *stored;
        secrets.remove(key, context, [](const Status &) {});
    });
}

void RemoveProfileCommand::undo()
{
    if (auto added = m_store.add(m_profile, m_index); !added)
        return;
    if (!m_keys->isEmpty())
        m_secrets.write(
            profiles::SecretStore::keyFor(m_profile.id, profiles::SecretStore::staticKeysPurpose()), *m_keys,
            m_context, [](const Status &) {});
}

} // namespace signet::ui
