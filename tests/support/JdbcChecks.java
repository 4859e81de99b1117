// SPDX-License-Identifier: GPL-3.0-or-later
// Several JDBC logins in one JVM (Java starts slowly): one check per line on stdin, so tokens never
// appear in argv:  LABEL <TAB> URL <TAB> SQL [<TAB> key=value ...]  (driver properties such as
// user=, password=, sslmode=). SQL with "?" runs as a PreparedStatement six times with the
// parameter 0..5 (pgjdbc turns to a named server-side statement after prepareThreshold), printing
// each first column joined by ","; other SQL prints the first column of the first row.
// Prints "OK LABEL VALUE" or "FAIL LABEL SQLSTATE MESSAGE" (message chain on one line).
// java -cp DRIVER.jar[:DRIVER.jar] JdbcChecks.java < checks
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;

public class JdbcChecks {
    static String run(String url, String sql, Properties props) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, props)) {
            if (!sql.contains("?")) {
                try (ResultSet r = c.createStatement().executeQuery(sql)) {
                    return r.next() ? r.getString(1) : "<no row>";
                }
            }
            StringBuilder out = new StringBuilder();
            try (PreparedStatement p = c.prepareStatement(sql)) {
                for (int i = 0; i < 6; i++) {
                    for (int n = 1; n <= sql.chars().filter(ch -> ch == '?').count(); n++)
                        p.setInt(n, i);
                    try (ResultSet r = p.executeQuery()) {
                        out.append(i == 0 ? "" : ",").append(r.next() ? r.getString(1) : "<no row>");
                    }
                }
            }
            return out.toString();
        }
    }

    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause())
            text.append(text.length() == 0 ? "" : " <- ").append(t.getClass().getSimpleName()).append(": ")
                .append(t.getMessage());
        return text.toString().replace('\n', ' ').replace('\r', ' ');
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null;) {
            if (line.isBlank())
                continue;
            String[] fields = line.split("\t");
            Properties props = new Properties();
            for (int i = 3; i < fields.length; i++) {
                int eq = fields[i].indexOf('=');
                props.setProperty(fields[i].substring(0, eq), fields[i].substring(eq + 1));
            }
            try {
                System.out.println("OK " + fields[0] + " " + run(fields[1], fields[2], props));
            } catch (SQLException e) {
                System.out.println("FAIL " + fields[0] + " " + e.getSQLState() + " " + describe(e));
            } catch (RuntimeException e) {
                System.out.println("FAIL " + fields[0] + " - " + describe(e));
            }
            System.out.flush();
        }
    }
}
