// SPDX-License-Identifier: GPL-3.0-or-later
// `signet sso login`: sign in to IAM Identity Center the way `aws sso login` does, sharing its cache.
#pragma once

#include <QStringList>

namespace signet::cli {

int runSso(const QStringList &args);

} // namespace signet::cli
