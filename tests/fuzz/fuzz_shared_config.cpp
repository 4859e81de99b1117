// libFuzzer target: the AWS shared config/credentials parser must never crash, hang or leak on any input.
#include "aws/SharedConfigFile.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto parsed = signet::aws::SharedConfigFile::parse(bytes, QStringLiteral("fuzz"));
    if (parsed) {
        // Walk what was parsed the way the credential chain does.
        for (const QString &name : parsed->configProfileNames())
            (void)parsed->configProfile(name);
        for (const auto &section : parsed->sections()) {
            (void)parsed->section(section.name);
            (void)parsed->ssoSession(section.name);
        }
    } else if (parsed.error().message.isEmpty()) {
        __builtin_trap();
    }
    return 0;
}
