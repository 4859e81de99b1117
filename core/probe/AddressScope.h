// SPDX-License-Identifier: GPL-3.0-or-later
// AddressScope: whether an address can be reached from the internet, for the DNS step's advice.
#pragma once

#include <QHostAddress>

namespace signet::probe {

enum class AddressKind
{
    Public,
    Private,
    Loopback,
    Other
};

AddressKind classifyAddress(const QHostAddress &address);

} // namespace signet::probe
