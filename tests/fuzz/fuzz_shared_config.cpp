// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the AWS shared config/credentials parser must never crash, hang or leak on any input.
#include "FuzzSupport.h"
#include "aws/SharedConfigFile.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto parsed =
        signet::aws::SharedConfigFile::parse(signet::fuzz::bytes(data, size), QStringLiteral("fuzz"));
    if (parsed) {
        // Walk what was parsed the way the credential chain does.
        for (const QString &name : parsed->configProfileNames())
            (void)parsed->configProfile(name);
        for (const auto &section : parsed->sections()) {
            (void)parsed->section(section.name);
            (void)parsed->ssoSession(section.name);
        }
    } else {
        signet::fuzz::requireExplained(parsed.error());
    }
    return 0;
}
