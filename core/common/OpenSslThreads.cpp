// SPDX-License-Identifier: GPL-3.0-or-later
// OpenSslThreads: per-thread and process-end handling of OpenSSL's state (see the header).
#include "common/OpenSslThreads.h"

#include <openssl/crypto.h>

namespace signet {

void releaseOpenSslThreadState()
{
    OPENSSL_thread_stop();
}

void keepOpenSslStateUntilExit()
{
    OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, nullptr);
}

} // namespace signet
