// SPDX-License-Identifier: GPL-3.0-or-later
// AddressScope: RFC 1918, carrier-grade NAT, unique-local and link-local ranges count as private.
#include "probe/AddressScope.h"

namespace signet::probe {

AddressKind classifyAddress(const QHostAddress &address)
{
    if (address.isNull())
        return AddressKind::Other;
    if (address.isLoopback())
        return AddressKind::Loopback;
    static const char *const ranges[] = {"10.0.0.0/8",     "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10",
                                         "169.254.0.0/16", "fc00::/7",      "fe80::/10"};
    for (const char *range : ranges) {
        if (address.isInSubnet(QHostAddress::parseSubnet(QString::fromLatin1(range))))
            return AddressKind::Private;
    }
    return AddressKind::Public;
}

} // namespace signet::probe
