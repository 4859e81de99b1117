// SPDX-License-Identifier: GPL-3.0-or-later
// ProxyHeap: the allocator settings that keep an idle proxied connection small (glibc; no-ops elsewhere).
#pragma once

namespace signet::proxy {

// Why (docs/proxy.md, "Memory"): each connection's Qt sockets keep 32 KB buffer chunks for their
// whole life although an idle connection uses a few hundred bytes of them, and glibc keeps what
// ended connections freed.
class ProxyHeap final
{
public:
    // For a process that only proxies (`signet proxy`): allocations of 32 KB and more get pages of
    // their own, so the untouched part of those chunks costs no memory. Call once, before the
    // first listener starts.
    static void tuneForIdleConnections();
    // Gives the pages freed by ended connections back to the system.
    static void releaseFreed();
};

} // namespace signet::proxy
