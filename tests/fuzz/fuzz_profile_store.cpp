// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the profile store's file and `signet profiles import` files (both go through
// ProfileStore::parseDocument and the version migrations). What parses must survive a save/load
// round trip unchanged.
#include "FuzzSupport.h"
#include "profiles/ProfileStore.h"

#include <QJsonDocument>

using namespace signet;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto profiles = profiles::ProfileStore::parseDocument(fuzz::bytes(data, size));
    if (!profiles) {
        fuzz::requireExplained(profiles.error());
        return 0;
    }
    const QByteArray saved = profiles::ProfileStore::serialize(*profiles);
    const auto reloaded = profiles::ProfileStore::parseDocument(saved);
    fuzz::require(bool(reloaded));
    fuzz::require(profiles::ProfileStore::serialize(*reloaded) == saved);
    return 0;
}
