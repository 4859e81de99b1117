// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: IAM policy documents and caller ARNs as the setup assistant reads them (a policy
// version's document from GetPolicyVersion, decoded; GetCallerIdentity's ARN), from an account the
// user does not control. The evaluation must answer, never crash, and agree with itself.
#include "FuzzSupport.h"
#include "aws/RdsConnectPolicy.h"

using namespace signet;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(fuzz::bytes(data, size));
    const QString arn =
        QStringLiteral("arn:aws:rds-db:eu-west-1:123456789012:dbuser:db-ABCDEFGHIJKL/iam_user");
    const auto verdict = aws::RdsConnectPolicy::evaluate(text, arn);
    // The same document asks the same question the same way.
    fuzz::require(verdict == aws::RdsConnectPolicy::evaluate(text, arn));
    // A document that allows everything on every resource never answers "does not allow" unless it
    // also denies: checked on the fixed wide-open document.
    const auto wide = aws::RdsConnectPolicy::evaluate(
        QStringLiteral(
            R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})"),
        text);
    fuzz::require(wide == aws::RdsConnectPolicy::Verdict::Allows);
    const auto principal = aws::RdsConnectPolicy::principalFromArn(text);
    if (!principal)
        fuzz::requireExplained(principal.error());
    (void)aws::RdsConnectPolicy::wildcardMatch(text.left(64), text.mid(64));
    return 0;
}
