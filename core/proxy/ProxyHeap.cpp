// SPDX-License-Identifier: GPL-3.0-or-later
// ProxyHeap: malloc_trim on glibc.
#include "proxy/ProxyHeap.h"

#include <cstdlib> // defines __GLIBC__ on glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace signet::proxy {

void ProxyHeap::releaseFreed()
{
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

} // namespace signet::proxy
