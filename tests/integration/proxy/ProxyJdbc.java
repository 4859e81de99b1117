// SPDX-License-Identifier: GPL-3.0-or-later
// JDBC through `signet proxy` with no password: prepared statements (pgjdbc's extended protocol
// with server-side statements), a batch, and Statement.cancel() on a running query.
// java -cp DRIVER.jar ProxyJdbc.java URL pg|mariadb ; prints "OK <step>" lines, exits 1 on failure.
import java.sql.*;

public class ProxyJdbc {
    static void check(boolean ok, String what) {
        if (!ok) {
            System.out.println("FAIL " + what);
            System.exit(1);
        }
        System.out.println("OK " + what);
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        boolean pg = args[1].equals("pg");
        try (Connection c = DriverManager.getConnection(url)) {
            try (PreparedStatement p = c.prepareStatement(pg ? "SELECT ?::text || 'x', current_user" : "SELECT CONCAT(?, 'x'), CURRENT_USER()")) {
                for (int i = 0; i < 5; i++) { // pgjdbc turns to a named server-side statement after prepareThreshold
                    p.setString(1, "v" + i);
                    try (ResultSet r = p.executeQuery()) {
                        check(r.next() && r.getString(1).equals("v" + i + "x"), "prepared " + i + " as " + r.getString(2));
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute(pg ? "CREATE TEMP TABLE jdbc_batch (n int)" : "CREATE TEMPORARY TABLE jdbc_batch (n int)");
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO jdbc_batch VALUES (?)")) {
                for (int i = 0; i < 500; i++) {
                    p.setInt(1, i);
                    p.addBatch();
                }
                p.executeBatch();
            }
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*), sum(n) FROM jdbc_batch")) {
                check(r.next() && r.getLong(1) == 500 && r.getLong(2) == 124750, "batch of 500");
            }
            Statement slow = c.createStatement();
            Thread canceller = new Thread(() -> {
                try {
                    Thread.sleep(1500);
                    slow.cancel();
                } catch (Exception e) {
                    System.out.println("FAIL cancel threw " + e);
                }
            });
            long start = System.nanoTime();
            canceller.start();
            String outcome;
            try (ResultSet r = slow.executeQuery(pg ? "SELECT pg_sleep(30)" : "SELECT SLEEP(30)")) {
                // MariaDB's SLEEP() returns 1 when KILL QUERY interrupts it.
                outcome = r.next() ? "returned " + r.getString(1) : "no row";
            } catch (SQLException e) {
                outcome = "SQLSTATE " + e.getSQLState() + " " + e.getMessage();
            }
            canceller.join();
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            System.out.println("cancel outcome: " + outcome);
            check(seconds < 15, "Statement.cancel() ended the query after " + seconds + " s");
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT 42")) {
                check(r.next() && r.getInt(1) == 42, "the connection works after the cancel");
            }
        }
    }
}
