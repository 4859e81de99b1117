// `signet whoami`: which AWS identity Signet would sign with, and where it came from.
#pragma once

#include <QStringList>

namespace signet::cli {

int runWhoami(const QStringList &args);

} // namespace signet::cli
