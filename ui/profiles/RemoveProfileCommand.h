// RemoveProfileCommand: deleting a profile as an undoable step (its keychain secret included).
#pragma once

#include "profiles/ConnectionProfile.h"

#include <QUndoCommand>

#include <memory>

class QObject;

namespace signet {
class SecretString;
}
namespace signet::profiles {
class ProfileStore;
class SecretStore;
} // namespace signet::profiles

namespace signet::ui {

// redo() removes the profile from the store and moves its static keys (if any) from the keychain into
// this command's memory; undo() puts both back where they were. The keys leave memory with the command.
class RemoveProfileCommand final : public QUndoCommand
{
public:
    RemoveProfileCommand(profiles::ProfileStore &store, profiles::SecretStore &secrets, QObject *context,
                         const profiles::ConnectionProfile &profile);
    ~RemoveProfileCommand() override;

    void redo() override;
    void undo() override;
    const profiles::ConnectionProfile &profile() const { return m_profile; }

private:
    profiles::ProfileStore &m_store;
    profiles::SecretStore &m_secrets;
    QObject *m_context;
    profiles::ConnectionProfile m_profile;
    int m_index = -1;
    std::shared_ptr<SecretString> m_keys;
};

} // namespace signet::ui
