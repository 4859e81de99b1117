// SPDX-License-Identifier: GPL-3.0-or-later
// Tunnel: one running port forward (an ssh process, or a test's stand-in) as the manager sees it.
#pragma once

#include "common/Error.h"
#include "tunnel/TunnelSpec.h"

#include <QObject>

namespace signet::tunnel {

class Tunnel : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Tunnel)

public:
    explicit Tunnel(TunnelSpec spec, QObject *parent = nullptr)
        : QObject(parent)
        , m_spec(std::move(spec))
    {}
    ~Tunnel() override = default;

    const TunnelSpec &spec() const { return m_spec; }
    // Where clients connect (127.0.0.1); 0 until start() chose it.
    virtual int localPort() const = 0;
    // Emits opened() once connections pass through, or failed() with why not.
    virtual void start() = 0;
    // Ends the forward; emits nothing.
    virtual void stop() = 0;

Q_SIGNALS:
    void opened(qint64 elapsedMs);
    // It never opened.
    void failed(const signet::Error &error);
    // It was open and ended by itself (the process died, the bastion went away).
    void died(const signet::Error &error);

protected:
    // Stops the tunnel and says why it ended: died() once it had opened, else failed().
    void endWith(const Error &why, bool wasOpen)
    {
        stop();
        if (wasOpen)
            Q_EMIT died(why);
        else
            Q_EMIT failed(why);
    }

private:
    TunnelSpec m_spec;
};

} // namespace signet::tunnel
