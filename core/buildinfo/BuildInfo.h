// SPDX-License-Identifier: GPL-3.0-or-later
// BuildInfo: what this binary is (version, git revision, licence) and the libraries it is built on with
// their licences; one source for `signet --version`, Help > About and the man page.
#pragma once

#include <QList>
#include <QString>

namespace signet::buildinfo {

// The release version, e.g. "0.1.0".
QString version();
// The git revision the build was configured from ("3f2c1a9b0d4e", "-dirty" appended when the tree had
// uncommitted changes), or "unknown" when built outside a git checkout.
QString gitRevision();
// "0.1.0 (git 3f2c1a9b0d4e)": what `signet --version` prints after the program name.
QString versionLine();
// Signet's own licence, as an SPDX expression.
QString licence();

struct Library
{
    QString name;
    QString version; // the version in use at run time where the library says so, else built against
    QString licence; // SPDX expression
};
// The libraries Signet links, as the package's copyright file lists them. QScintilla is linked by the
// GUI only; its version is the one the core was configured against.
QList<Library> libraries();

} // namespace signet::buildinfo
