// SPDX-License-Identifier: GPL-3.0-or-later
// OpenSslThreads: the one place that tells OpenSSL when a thread of ours is done with it, and how
// the process ends with it.
#pragma once

namespace signet {

// OpenSSL keeps state per thread (the error queue, random generators, the thread's list of
// clean-up handlers) and frees it from a thread-specific-data destructor when the thread exits; its
// atexit handler (OPENSSL_cleanup) frees every thread's list too. Qt's threads are detached:
// QThread::wait() returns once run() is over, before the thread's thread-specific destructors have
// run. A process that returns from main() just then frees that thread's list twice — CI saw it under
// AddressSanitizer after `signet exec` ("attempting double-free" in __nptl_deallocate_tsd, thread
// DbSession).

// Frees the calling thread's OpenSSL state now (OPENSSL_thread_stop). Called by a thread of ours as
// the last thing it does with TLS, before whoever waits for it can go on; using OpenSSL again on the
// same thread afterwards is allowed (the state comes back) and needs another call.
void releaseOpenSslThreadState();

// Called first in main() of signet-cli and signet-gui, before anything starts OpenSSL: OpenSSL
// registers no atexit clean-up (OPENSSL_INIT_NO_ATEXIT), so a worker thread of Qt's global pool that
// is still ending when main() returns cannot have its state freed under it. The memory goes back to
// the system with the process; nothing in it needs a clean-up (no files, no locks).
void keepOpenSslStateUntilExit();

} // namespace signet
