// SPDX-License-Identifier: GPL-3.0-or-later
// EmulatorEndpoint: the RDS emulation's database as the CLI's shared endpoint options.
#pragma once

#include <QStringList>

namespace signet::test {

// --engine ENGINE --host --port --user --region --database --ca of the emulation (SIGNET_EMU_*) for
// "mariadb" or "postgres".
QStringList emulatorEndpointOptions(const QString &engine);

} // namespace signet::test
