// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileEditor: the Overview page: every field of one profile, edited in place with inline errors.
#pragma once

#include "profiles/ConnectionProfile.h"

#include <QHash>
#include <QSet>
#include <QWidget>
#include <optional>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QScrollArea;

namespace signet::profiles {
class ProfileService;
class ProfileStore;
} // namespace signet::profiles

namespace signet::ui {

class ProfileRouteRows;

// Errors show under their field as the user types (for fields they have touched) and for every field
// on Save; nothing is saved while one is shown. Save hands the profile and the typed keys to the
// ProfileService together (keys to the keychain first, never the profile file); the secret field
// says "stored in the keychain" only once the keychain has answered that it holds them.
class ProfileEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileEditor)

public:
    explicit ProfileEditor(profiles::ProfileService &profiles, QWidget *parent = nullptr);
    ~ProfileEditor() override;

    // Shows a saved profile (discarding unsaved edits).
    void editProfile(const profiles::ConnectionProfile &profile);
    // A blank profile that is added to the store on Save.
    void startNew(const QString &folder = {});
    bool isNew() const { return m_isNew; }
    bool isDirty() const { return m_dirty; }
    // Something was typed or chosen that is not saved (a blank new form has nothing to lose).
    bool hasUnsavedEdits() const { return m_dirty && (!m_isNew || !m_touched.isEmpty()); }
    QUuid profileId() const { return m_original.id; }

    // The form as a profile (may be invalid).
    profiles::ConnectionProfile profileFromForm() const;
    // Validates, shows every error, and saves when there is none. True when the save started; it
    // ends with profileSaved() or, when the keychain or the file refused, saveFailed().
    bool save();
    bool isSaving() const { return m_saving; }
    // What the secret field says about the keychain ("stored in the keychain; type to replace", …).
    QString secretStatus() const;
    void revert();
    // The error shown under a field ("port", "host", …), empty when none.
    QString fieldError(const QString &field) const;
    void focusName();

Q_SIGNALS:
    void profileSaved(const QUuid &id);
    void saveFailed(const signet::Error &error);
    void messageRaised(const QString &message);

private:
    // Returns the row's cell (the field with its error line), for showing or hiding the row.
    QWidget *addRow(const QString &label, QWidget *field, const QString &errorKey);
    void onEdited(const QString &field);
    void updateDerivedHints();
    void showErrors();
    void setDirty(bool dirty);
    QList<FieldError> formErrors() const;
    // Asks the keychain whether keys are stored for the profile shown, and says so.
    void lookUpStoredKeys();
    void setKeysStored(std::optional<bool> stored);

    profiles::ProfileService &m_profiles;
    profiles::ProfileStore &m_store;
    profiles::ConnectionProfile m_original;
    bool m_isNew = false;
    bool m_dirty = false;
    bool m_loading = false;
    bool m_showAll = false;
    bool m_saving = false;
    // Whether the keychain holds keys for the profile shown; nullopt until it answered.
    std::optional<bool> m_keysStored;
    QSet<QString> m_touched;
    QHash<QString, QLabel *> m_errorLabels;

    QFormLayout *m_form = nullptr;
    QLabel *m_title = nullptr;
    QLineEdit *m_name = nullptr;
    QComboBox *m_folder = nullptr;
    QLineEdit *m_tags = nullptr;
    QComboBox *m_engine = nullptr;
    QLineEdit *m_host = nullptr;
    QLineEdit *m_port = nullptr;
    QWidget *m_portRow = nullptr;
    // Aurora DSQL: the token's action and lifetime, where other engines have the port.
    QLabel *m_dsqlToken = nullptr;
    QWidget *m_dsqlTokenRow = nullptr;
    QComboBox *m_tokenLifetime = nullptr;
    QWidget *m_tokenLifetimeRow = nullptr;
    QLineEdit *m_region = nullptr;
    QLineEdit *m_user = nullptr;
    QLineEdit *m_database = nullptr;
    QComboBox *m_source = nullptr;
    QLineEdit *m_awsProfile = nullptr;
    QLineEdit *m_accessKeyId = nullptr;
    QLineEdit *m_secretKey = nullptr;
    QWidget *m_staticKeysRow = nullptr;
    // The route: direct, SSH bastion, SSM instance or a manual address, with the chosen one's rows.
    ProfileRouteRows *m_route = nullptr;
    QLineEdit *m_caFile = nullptr;
    QComboBox *m_tlsMode = nullptr;
    QLabel *m_tlsWarning = nullptr;
    QPlainTextEdit *m_notes = nullptr;
    QCheckBox *m_production = nullptr;
    QScrollArea *m_scroll = nullptr;
    QPushButton *m_saveButton = nullptr;
    QPushButton *m_revertButton = nullptr;
};

} // namespace signet::ui
