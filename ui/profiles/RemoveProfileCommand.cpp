// SPDX-License-Identifier: GPL-3.0-or-later
// RemoveProfileCommand: removal and re-insertion at the same place through the ProfileService.
#include "profiles/RemoveProfileCommand.h"

#include "profiles/ProfileService.h"

#include <optional>

namespace signet::ui {

struct RemoveProfileCommand::State
{
    bool removing = false;
    bool undoAsked = false;
    std::optional<profiles::RemovedProfile> removed;
};

RemoveProfileCommand::RemoveProfileCommand(profiles::ProfileService &profiles, QObject *context,
                                           const profiles::ConnectionProfile &profile, FailureHandler failed)
    : QUndoCommand(QObject::tr("Delete \"%1\"").arg(profile.name))
    , m_profiles(profiles)
    , m_context(context)
    , m_profile(profile)
    , m_failed(std::move(failed))
    , m_state(std::make_shared<State>())
{}

RemoveProfileCommand::~RemoveProfileCommand() = default;

void RemoveProfileCommand::redo()
{
    auto state = m_state;
    state->removing = true;
    state->undoAsked = false;
    state->removed.reset();
    auto *service = &m_profiles;
    auto failed = m_failed;
    auto *context = m_context;
    m_profiles.remove(m_profile.id)
        .then(m_context, [state, service, failed, context](const Result<profiles::RemovedProfile> &removed) {
            state->removing = false;
            if (!removed) {
                if (failed)
                    failed(removed.error());
                return;
            }
            state->removed = *removed;
            if (state->undoAsked) // undone before the keychain answered
                service->restore(*state->removed).then(context, [failed](const Status &restored) {
                    if (!restored && failed)
                        failed(restored.error());
                });
        });
}

void RemoveProfileCommand::undo()
{
    if (m_state->removing) {
        m_state->undoAsked = true;
        return;
    }
    if (!m_state->removed)
        return; // the removal failed: nothing to put back
    auto failed = m_failed;
    m_profiles.restore(*m_state->removed).then(m_context, [failed](const Status &restored) {
        if (!restored && failed)
            failed(restored.error());
    });
    m_state->removed.reset();
}

} // namespace signet::ui
