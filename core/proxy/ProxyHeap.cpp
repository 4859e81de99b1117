// SPDX-License-Identifier: GPL-3.0-or-later
// ProxyHeap: mallopt and malloc_trim on glibc.
#include "proxy/ProxyHeap.h"

#include <cstdlib> // defines __GLIBC__ on glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace signet::proxy {

void ProxyHeap::tuneForIdleConnections()
{
#if defined(__GLIBC__)
    // A QRingBuffer chunk is 32 KB plus QByteArray's header: above this, so mmap()ed. Setting it
    // also stops glibc from raising the threshold after the first large free.
    mallopt(M_MMAP_THRESHOLD, 32 * 1024);
#endif
}

void ProxyHeap::releaseFreed()
{
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

} // namespace signet::proxy
