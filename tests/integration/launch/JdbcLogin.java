// SPDX-License-Identifier: GPL-3.0-or-later
// Logs in with a JDBC URL; the token comes from the environment (never argv). Prints current_user.
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Properties;

public class JdbcLogin {
    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        props.setProperty("user", args[1]);
        props.setProperty("password", System.getenv("SIGNET_TEST_TOKEN"));
        try (Connection c = DriverManager.getConnection(args[0], props);
             ResultSet r = c.createStatement().executeQuery("SELECT current_user")) {
            r.next();
            System.out.println("LOGGED_IN " + r.getString(1));
        }
    }
}
