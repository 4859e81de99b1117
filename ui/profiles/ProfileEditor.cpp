// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileEditor: form ↔ ConnectionProfile, inline validation, saving to the store and the keychain.
#include "profiles/ProfileEditor.h"
#include "common/Theme.h"
#include "profiles/ProfileRouteRows.h"

#include "endpoint/Endpoint.h"
#include "profiles/ProfileService.h"
#include "profiles/ProfileStore.h"
#include "tls/CaBundleStore.h"
#include "token/DsqlToken.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QVBoxLayout>

namespace signet::ui {

using profiles::ConnectionProfile;
using profiles::CredentialSource;

namespace {

// "1 hour", "8 hours", "1 day", "1 week", "90 seconds": a DSQL token lifetime as a person says it.
QString lifetimeText(int seconds)
{
    struct Unit
    {
        int seconds;
        const char *one;
        const char *many;
    };
    static constexpr Unit units[] = {{7 * 24 * 3600, "1 week", "%n weeks"},
                                     {24 * 3600, "1 day", "%n days"},
                                     {3600, "1 hour", "%n hours"},
                                     {60, "1 minute", "%n minutes"},
                                     {1, "1 second", "%n seconds"}};
    for (const Unit &unit : units) {
        if (seconds % unit.seconds == 0) {
            const int count = seconds / unit.seconds;
            return count == 1 ? ProfileEditor::tr(unit.one) : ProfileEditor::tr(unit.many, nullptr, count);
        }
    }
    return ProfileEditor::tr("%n seconds", nullptr, seconds);
}

QLineEdit *lineEdit(QWidget *parent, const char *objectName, const QString &placeholder = {})
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(QString::fromLatin1(objectName));
    edit->setPlaceholderText(placeholder);
    return edit;
}

} // namespace

ProfileEditor::ProfileEditor(profiles::ProfileService &profiles, QWidget *parent)
    : QWidget(parent)
    , m_profiles(profiles)
    , m_store(profiles.store())
{
    auto *content = new QWidget;
    m_form = new QFormLayout(content);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->setLabelAlignment(Qt::AlignLeft | Qt::AlignTop);

    m_title = new QLabel(this);
    m_title->setVisible(false);
    m_name = lineEdit(this, "nameEdit", tr("e.g. orders-prod"));
    m_folder = new QComboBox(this);
    m_folder->setObjectName(QStringLiteral("folderEdit"));
    m_folder->setEditable(true);
    m_folder->setInsertPolicy(QComboBox::NoInsert);
    m_tags = lineEdit(this, "tagsEdit", tr("comma-separated, e.g. prod, billing"));
    m_engine = new QComboBox(this);
    m_engine->setObjectName(QStringLiteral("engineCombo"));
    for (Engine engine : allEngines())
        m_engine->addItem(engineDisplayName(engine), int(engine));
    m_host = lineEdit(this, "hostEdit", QStringLiteral("mydb.abc123xyz.eu-west-1.rds.amazonaws.com"));
    m_port = lineEdit(this, "portEdit");
    m_port->setMaximumWidth(90);
    m_region = lineEdit(this, "regionEdit");
    m_user = lineEdit(this, "userEdit", tr("the database user created for IAM"));
    m_database = lineEdit(this, "databaseEdit", tr("optional"));
    m_source = new QComboBox(this);
    m_source->setObjectName(QStringLiteral("sourceCombo"));
    m_source->addItem(tr("AWS profile"), int(CredentialSource::AwsProfile));
    m_source->addItem(tr("Environment variables"), int(CredentialSource::Environment));
    m_source->addItem(tr("Static keys (kept in the keychain)"), int(CredentialSource::StaticKeys));
    m_awsProfile = lineEdit(this, "awsProfileEdit", tr("default (AWS_PROFILE or \"default\")"));
    m_accessKeyId = lineEdit(this, "accessKeyEdit", tr("access key id (AKIA…)"));
    m_secretKey = lineEdit(this, "secretKeyEdit", tr("secret access key"));
    m_secretKey->setEchoMode(QLineEdit::Password);
    m_staticKeysRow = new QWidget(this);
    auto *keys = new QHBoxLayout(m_staticKeysRow);
    keys->setContentsMargins(0, 0, 0, 0);
    keys->addWidget(m_accessKeyId, 1);
    keys->addWidget(m_secretKey, 1);
    // The route's fields are made here, so the tab order runs from the keys to them.
    m_route = new ProfileRouteRows(m_form, this);
    m_caFile = lineEdit(this, "caEdit", tr("RDS global bundle"));
    auto *browse = new QPushButton(tr("Browse…"), this);
    auto *caRow = new QWidget(this);
    auto *caLayout = new QHBoxLayout(caRow);
    caLayout->setContentsMargins(0, 0, 0, 0);
    caLayout->addWidget(m_caFile, 1);
    caLayout->addWidget(browse);
    m_tlsMode = new QComboBox(this);
    m_tlsMode->setObjectName(QStringLiteral("tlsCombo"));
    m_tlsMode->addItem(tr("verify-full: certificate and host name (recommended)"),
                       int(profiles::TlsMode::VerifyFull));
    m_tlsMode->addItem(tr("verify-ca: certificate only"), int(profiles::TlsMode::VerifyCa));
    m_tlsWarning =
        new QLabel(tr("⚠ verify-ca does not check the host name: anyone with a certificate from the "
                      "same CA could impersonate the database."),
                   this);
    m_tlsWarning->setWordWrap(true);
    m_tlsWarning->setStyleSheet(QStringLiteral("color: %1;").arg(theme::warning().name()));
    m_tlsWarning->setVisible(false);
    m_notes = new QPlainTextEdit(this);
    m_notes->setObjectName(QStringLiteral("notesEdit"));
    m_notes->setFixedHeight(60);
    m_production = new QCheckBox(tr("its consoles say so, and ask before statements that change data"), this);
    m_production->setObjectName(QStringLiteral("productionBox"));

    // Mnemonics: none of F, E, T, H, which open the menus (File, Edit, Token, Help).
    addRow(tr("&Name:"), m_name, QStringLiteral("name"));
    addRow(tr("Fo&lder:"), m_folder, QStringLiteral("folder"));
    addRow(tr("Ta&gs:"), m_tags, QStringLiteral("tags"));
    addRow(tr("Producti&on:"), m_production, QStringLiteral("production"));
    addRow(tr("Eng&ine:"), m_engine, QStringLiteral("engine"));
    addRow(tr("End&point:"), m_host, QStringLiteral("host"));
    m_portRow = addRow(tr("P&ort:"), m_port, QStringLiteral("port"));
    m_dsqlToken = new QLabel(this);
    m_dsqlToken->setObjectName(QStringLiteral("dsqlTokenLabel"));
    m_dsqlToken->setWordWrap(true);
    m_dsqlTokenRow = addRow(tr("Token:"), m_dsqlToken, QStringLiteral("dsqlToken"));
    // DSQL lets the signer choose how long a token lives (RDS tokens always live 15 minutes).
    m_tokenLifetime = new QComboBox(this);
    m_tokenLifetime->setObjectName(QStringLiteral("tokenLifetimeCombo"));
    m_tokenLifetime->addItem(tr("15 minutes (default)"), 0);
    for (const int seconds : {3600, 8 * 3600, 24 * 3600, 7 * 24 * 3600})
        m_tokenLifetime->addItem(lifetimeText(seconds), seconds);
    m_tokenLifetime->setToolTip(tr("How long each DSQL token signed for this profile stays valid. A longer "
                                   "token is handier to paste into another tool, and more harmful if it "
                                   "leaks; the credentials' own expiry still ends it earlier."));
    m_tokenLifetimeRow = addRow(tr("Token lifetime:"), m_tokenLifetime, QStringLiteral("tokenLifetime"));
    addRow(tr("&Region:"), m_region, QStringLiteral("region"));
    addRow(tr("Database &user:"), m_user, QStringLiteral("user"));
    addRow(tr("&Database:"), m_database, QStringLiteral("database"));
    addRow(tr("&Credentials:"), m_source, QStringLiteral("source"));
    addRow(tr("A&WS profile:"), m_awsProfile, QStringLiteral("awsProfile"));
    addRow(tr("Static &keys:"), m_staticKeysRow, QStringLiteral("staticKeys"));
    m_route->addRows([this](const QString &label, QWidget *field, const QString &key) {
        return addRow(label, field, key);
    });
    addRow(tr("C&A bundle:"), caRow, QStringLiteral("caFile"));
    addRow(tr("TLS &mode:"), m_tlsMode, QStringLiteral("tls"));
    m_form->addRow(QString(), m_tlsWarning);
    addRow(tr("Notes:"), m_notes, QStringLiteral("notes"));

    m_saveButton = new QPushButton(tr("&Save"), this);
    m_saveButton->setObjectName(QStringLiteral("saveButton"));
    m_revertButton = new QPushButton(tr("Re&vert"), this);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_revertButton);
    buttons->addWidget(m_saveButton);

    m_scroll = new QScrollArea(this);
    m_scroll->setWidget(content);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_scroll, 1);
    layout->addLayout(buttons);

    auto track = [this](QLineEdit *edit, const QString &field) {
        connect(edit, &QLineEdit::textEdited, this, [this, field] { onEdited(field); });
        connect(edit, &QLineEdit::returnPressed, this, &ProfileEditor::save);
    };
    track(m_name, QStringLiteral("name"));
    track(m_tags, QStringLiteral("tags"));
    track(m_host, QStringLiteral("host"));
    track(m_port, QStringLiteral("port"));
    track(m_region, QStringLiteral("region"));
    track(m_user, QStringLiteral("user"));
    track(m_database, QStringLiteral("database"));
    track(m_awsProfile, QStringLiteral("awsProfile"));
    track(m_accessKeyId, QStringLiteral("staticKeys"));
    track(m_secretKey, QStringLiteral("staticKeys"));
    for (const auto &[edit, field] : m_route->textFields())
        track(edit, field);
    track(m_caFile, QStringLiteral("caFile"));
    connect(m_folder, &QComboBox::editTextChanged, this, [this] { onEdited(QStringLiteral("folder")); });
    connect(m_notes, &QPlainTextEdit::textChanged, this, [this] { onEdited(QStringLiteral("notes")); });
    connect(m_source, &QComboBox::currentIndexChanged, this, [this] { onEdited(QStringLiteral("source")); });
    connect(m_tlsMode, &QComboBox::currentIndexChanged, this, [this] { onEdited(QStringLiteral("tls")); });
    connect(m_route->routeCombo(), &QComboBox::currentIndexChanged, this,
            [this] { onEdited(QStringLiteral("route")); });
    connect(m_production, &QCheckBox::toggled, this, [this] { onEdited(QStringLiteral("production")); });
    connect(m_tokenLifetime, &QComboBox::currentIndexChanged, this,
            [this] { onEdited(QStringLiteral("tokenLifetime")); });
    connect(m_engine, &QComboBox::currentIndexChanged, this, [this] {
        // Follow the engine's default port unless the user chose another one.
        bool ok = false;
        const int port = m_port->text().toInt(&ok);
        if (!m_loading && (!ok || port == 3306 || port == 5432))
            m_port->setText(QString::number(defaultPort(Engine(m_engine->currentData().toInt()))));
        onEdited(QStringLiteral("engine"));
    });
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("CA bundle"), m_caFile->text(),
                                                          tr("Certificates (*.pem *.crt);;All files (*)"));
        if (!file.isEmpty()) {
            m_caFile->setText(file);
            onEdited(QStringLiteral("caFile"));
        }
    });
    connect(m_saveButton, &QPushButton::clicked, this, &ProfileEditor::save);
    connect(m_revertButton, &QPushButton::clicked, this, &ProfileEditor::revert);
    setDirty(false);
}

ProfileEditor::~ProfileEditor()
{
    m_secretKey->clear();
}

QWidget *ProfileEditor::addRow(const QString &label, QWidget *field, const QString &errorKey)
{
    auto *error = new QLabel(this);
    error->setObjectName(QStringLiteral("error_") + errorKey);
    error->setWordWrap(true);
    error->setStyleSheet(QStringLiteral("color: %1;").arg(theme::error().name()));
    error->setVisible(false);
    auto *cell = new QWidget(this);
    auto *column = new QVBoxLayout(cell);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(2);
    column->addWidget(field);
    column->addWidget(error);
    column->addStretch(1);
    m_form->addRow(label, cell);
    if (auto *buddy = qobject_cast<QLabel *>(m_form->labelForField(cell))) {
        buddy->setBuddy(field);
        // Level with the field even when an error line below makes the row taller.
        buddy->setAlignment(Qt::AlignLeft | Qt::AlignTop);
        // A multi-line field keeps its label at its first line.
        const int fieldHeight =
            qobject_cast<QPlainTextEdit *>(field) ? m_name->sizeHint().height() : field->sizeHint().height();
        buddy->setContentsMargins(0, qMax(0, (fieldHeight - buddy->sizeHint().height()) / 2), 0, 0);
    }
    m_errorLabels.insert(errorKey, error);
    return cell;
}

void ProfileEditor::editProfile(const ConnectionProfile &profile)
{
    m_loading = true;
    m_original = profile;
    m_isNew = false;
    m_showAll = false;
    m_touched.clear();
    m_title->setVisible(false);
    m_folder->clear();
    m_folder->addItems(QStringList{QString()} + m_store.folders());
    m_name->setText(profile.name);
    m_folder->setEditText(profile.folder);
    m_tags->setText(profile.tags.join(QStringLiteral(", ")));
    m_engine->setCurrentIndex(m_engine->findData(int(profile.engine)));
    m_host->setText(profile.host);
    m_port->setText(QString::number(profile.port));
    m_region->setText(profile.region);
    m_user->setText(profile.dbUser);
    m_database->setText(profile.database);
    m_source->setCurrentIndex(m_source->findData(int(profile.credentialSource)));
    m_awsProfile->setText(profile.awsProfile);
    m_accessKeyId->clear();
    m_secretKey->clear();
    m_route->load(profile);
    m_caFile->setText(profile.caFile);
    m_tlsMode->setCurrentIndex(m_tlsMode->findData(int(profile.tlsMode)));
    m_notes->setPlainText(profile.notes);
    m_production->setChecked(profile.production);
    // A lifetime set on the command line that is not one of the choices gets its own entry.
    int lifetimeIndex = m_tokenLifetime->findData(profile.tokenLifetime);
    if (lifetimeIndex < 0) {
        m_tokenLifetime->addItem(lifetimeText(profile.tokenLifetime), profile.tokenLifetime);
        lifetimeIndex = m_tokenLifetime->count() - 1;
    }
    m_tokenLifetime->setCurrentIndex(lifetimeIndex);
    m_loading = false;
    lookUpStoredKeys();
    updateDerivedHints();
    showErrors();
    setDirty(false);
}

void ProfileEditor::lookUpStoredKeys()
{
    setKeysStored(std::nullopt);
    if (m_isNew || m_original.credentialSource != CredentialSource::StaticKeys)
        return;
    // Show which key is stored (the id only); the secret stays in the keychain.
    const QUuid id = m_original.id;
    m_profiles.storedAccessKeyId(id).then(this, [this, id](const Result<QString> &stored) {
        if (id != m_original.id || m_isNew)
            return;
        if (!stored && stored.error().code != u"secrets.not-found") {
            Q_EMIT messageRaised(stored.error().toString());
            return;
        }
        if (stored && m_accessKeyId->text().isEmpty() && !m_dirty) {
            const bool loading = std::exchange(m_loading, true);
            m_accessKeyId->setText(*stored);
            m_loading = loading;
        }
        setKeysStored(stored.ok());
    });
}

void ProfileEditor::setKeysStored(std::optional<bool> stored)
{
    m_keysStored = stored;
    m_secretKey->setPlaceholderText(!stored   ? tr("secret access key")
                                    : *stored ? tr("stored in the keychain; type to replace")
                                              : tr("none stored: enter the secret access key"));
    if (stored && !*stored)
        m_touched.insert(QStringLiteral("staticKeys")); // say at once what is missing
    showErrors();
}

QString ProfileEditor::secretStatus() const
{
    return m_secretKey->placeholderText();
}

void ProfileEditor::startNew(const QString &folder)
{
    ConnectionProfile profile = ConnectionProfile::create(QString(), Engine::Postgres);
    profile.folder = folder;
    editProfile(profile);
    m_isNew = true;
    m_title->setText(tr("<b>New profile</b> — fill in the endpoint and user, then Save (Ctrl+S)."));
    m_title->setVisible(true);
    setDirty(true);
    focusName();
}

void ProfileEditor::focusName()
{
    // The form starts at its top (Name), wherever the previous profile left it scrolled.
    m_scroll->verticalScrollBar()->setValue(0);
    m_name->setFocus(Qt::OtherFocusReason);
    m_name->selectAll();
}

ConnectionProfile ProfileEditor::profileFromForm() const
{
    ConnectionProfile profile = m_original;
    profile.name = m_name->text().trimmed();
    profile.folder = m_folder->currentText().trimmed();
    profile.tags.clear();
    for (const QString &tag : m_tags->text().split(u',', Qt::SkipEmptyParts)) {
        if (!tag.trimmed().isEmpty())
            profile.tags.append(tag.trimmed());
    }
    profile.engine = Engine(m_engine->currentData().toInt());
    profile.host = m_host->text().trimmed();
    bool ok = false;
    const int port = m_port->text().trimmed().toInt(&ok);
    profile.port = ok ? port : -1;
    profile.region = m_region->text().trimmed();
    profile.dbUser = m_user->text().trimmed();
    profile.database = m_database->text().trimmed();
    profile.credentialSource = CredentialSource(m_source->currentData().toInt());
    profile.awsProfile = m_awsProfile->text().trimmed();
    m_route->applyTo(profile);
    profile.caFile = m_caFile->text().trimmed();
    profile.tlsMode = profiles::TlsMode(m_tlsMode->currentData().toInt());
    profile.notes = m_notes->toPlainText();
    profile.production = m_production->isChecked();
    profile.tokenLifetime = usesDsqlTokens(profile.engine) ? m_tokenLifetime->currentData().toInt() : 0;
    return profile;
}

QList<FieldError> ProfileEditor::formErrors() const
{
    const ConnectionProfile profile = profileFromForm();
    QList<FieldError> errors = profile.validate();
    // The form's own word on the route first (a route chosen and left empty, an address that does not
    // parse): it names the field as typed.
    errors = m_route->errors() + errors;
    const bool needsKeys = profile.credentialSource == CredentialSource::StaticKeys &&
                           (m_isNew || m_original.credentialSource != CredentialSource::StaticKeys ||
                            m_keysStored == false || !m_secretKey->text().isEmpty());
    if (needsKeys && (m_accessKeyId->text().trimmed().isEmpty() || m_secretKey->text().isEmpty()))
        errors.append(
            {QStringLiteral("staticKeys"), tr("Enter both the access key id and the secret access key.")});
    for (const ConnectionProfile &other : m_store.profiles()) {
        if (other.id != profile.id && other.name.compare(profile.name, Qt::CaseInsensitive) == 0)
            errors.append(
                {QStringLiteral("name"), tr("Another profile is already called \"%1\".").arg(other.name)});
    }
    return errors;
}

QString ProfileEditor::fieldError(const QString &field) const
{
    const QLabel *label = m_errorLabels.value(field);
    return label && !label->isHidden() ? label->text() : QString();
}

void ProfileEditor::showErrors()
{
    QHash<QString, QString> messages;
    for (const FieldError &error : formErrors()) {
        if (!messages.contains(error.field))
            messages.insert(error.field, error.message);
    }
    for (auto it = m_errorLabels.cbegin(); it != m_errorLabels.cend(); ++it) {
        const bool show = messages.contains(it.key()) && (m_showAll || m_touched.contains(it.key()));
        it.value()->setText(messages.value(it.key()));
        it.value()->setVisible(show);
    }
}

void ProfileEditor::updateDerivedHints()
{
    const QString detected = regionFromEndpointName(m_host->text().trimmed());
    m_region->setPlaceholderText(detected.isEmpty() ? tr("required: the endpoint is not an RDS host name")
                                                    : tr("%1 (from the endpoint)").arg(detected));
    const auto source = CredentialSource(m_source->currentData().toInt());
    m_awsProfile->setEnabled(source == CredentialSource::AwsProfile);
    m_staticKeysRow->setEnabled(source == CredentialSource::StaticKeys);
    m_tlsWarning->setVisible(m_tlsMode->currentData().toInt() == int(profiles::TlsMode::VerifyCa));
    // Only the chosen route's rows; the SSM region defaults to the profile's.
    const QString region = m_region->text().trimmed();
    m_route->updateRows(region.isEmpty() ? detected : region);

    // A DSQL endpoint name decides the engine; DSQL tokens name no port, so the row shows the action.
    if (const auto implied = engineFromEndpointName(m_host->text()); implied && !m_loading) {
        if (const int index = m_engine->findData(int(*implied)); index != m_engine->currentIndex())
            m_engine->setCurrentIndex(index);
    }
    const Engine engine = Engine(m_engine->currentData().toInt());
    const bool dsql = usesDsqlTokens(engine);
    // DSQL and RDS Proxy certificates chain to public CAs (Amazon Root CA), not to the RDS bundles.
    m_caFile->setPlaceholderText(tls::CaBundleStore::defaultsToSystemStore(engine, m_host->text().trimmed())
                                     ? tr("System trust store")
                                     : tr("RDS global bundle"));
    m_form->setRowVisible(m_portRow, !dsql);
    m_form->setRowVisible(m_dsqlTokenRow, dsql);
    m_form->setRowVisible(m_tokenLifetimeRow, dsql);
    if (dsql) {
        const QString role = m_user->text().trimmed();
        m_dsqlToken->setText(tr("dsql:%1 for role %2, signed for the endpoint alone")
                                 .arg(token::DsqlToken::actionName(token::DsqlToken::actionForRole(role)),
                                      role.isEmpty() ? tr("(none yet)") : role));
    }
}

void ProfileEditor::onEdited(const QString &field)
{
    if (m_loading)
        return;
    m_touched.insert(field);
    updateDerivedHints();
    showErrors();
    setDirty(true);
}

void ProfileEditor::setDirty(bool dirty)
{
    m_dirty = dirty;
    m_saveButton->setEnabled(dirty);
    m_revertButton->setEnabled(dirty && !m_isNew);
}

bool ProfileEditor::save()
{
    m_showAll = true;
    showErrors();
    const QList<FieldError> errors = formErrors();
    if (!errors.isEmpty()) {
        Q_EMIT messageRaised(tr("Not saved: %1").arg(errors.first().message));
        return false;
    }
    if (m_saving)
        return false;
    const ConnectionProfile profile = profileFromForm();
    // Taken from the fields now: whatever the window does while the keychain answers (selecting
    // the saved profile reloads this form), these are the keys that are stored.
    std::optional<profiles::StaticKeys> keys;
    if (profile.credentialSource == CredentialSource::StaticKeys && !m_secretKey->text().isEmpty())
        keys = profiles::StaticKeys{m_accessKeyId->text().trimmed(),
                                    SecretString::fromUtf8(m_secretKey->text())};
    const bool wroteKeys = keys.has_value();
    m_saving = true;
    m_saveButton->setEnabled(false);
    m_profiles.save(profile, std::move(keys)).then(this, [this, profile, wroteKeys](const Status &saved) {
        m_saving = false;
        if (!saved) {
            setDirty(m_dirty);
            Q_EMIT saveFailed(saved.error());
            Q_EMIT messageRaised(tr("Not saved: %1").arg(saved.error().toString()));
            return;
        }
        const bool sameForm = m_original.id == profile.id;
        if (sameForm) {
            if (wroteKeys)
                m_secretKey->clear();
            m_original = profile;
            m_isNew = false;
            m_title->setVisible(false);
            m_showAll = false;
            m_touched.clear();
            if (profile.credentialSource == CredentialSource::StaticKeys &&
                (wroteKeys || m_keysStored == true))
                setKeysStored(true);
            else
                lookUpStoredKeys();
            showErrors();
            setDirty(false);
        }
        Q_EMIT profileSaved(profile.id);
        Q_EMIT messageRaised(tr("Saved \"%1\".").arg(profile.name));
    });
    return true;
}

void ProfileEditor::revert()
{
    if (m_isNew)
        return;
    editProfile(m_original);
}

} // namespace signet::ui
