package io.tombo.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Asks for a new password twice, as {@code mosquitto_passwd} does: without echo on a terminal, line by line from
 * standard input otherwise (scripts and tests).
 */
final class PasswordPrompt {
    private PasswordPrompt() {
    }

    /** The password typed twice, or null after printing Mosquitto's error (mismatch, empty, end of input). */
    static String twice() throws IOException {
        Console console = System.console();
        if (interactive(console)) {
            char[] first = console.readPassword("Password: ");
            char[] second = first == null ? null : console.readPassword("Reenter password: ");
            try {
                return checked(first == null ? null : new String(first), second == null ? null : new String(second));
            } finally {
                if (first != null) {
                    Arrays.fill(first, '\0');
                }
                if (second != null) {
                    Arrays.fill(second, '\0');
                }
            }
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.print("Password: ");
        System.out.flush();
        String first = in.readLine();
        System.out.println();
        System.out.print("Reenter password: ");
        System.out.flush();
        String second = first == null ? null : in.readLine();
        System.out.println();
        return checked(first, second);
    }

    /**
     * Whether {@code console} is a terminal. Since JDK 22 a console exists for redirected streams too and says so
     * with {@code isTerminal()}, which release 21 cannot name; on JDK 21 a console exists only for a terminal.
     */
    private static boolean interactive(Console console) {
        if (console == null) {
            return false;
        }
        try {
            return (boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    private static String checked(String first, String second) {
        if (first == null || first.isEmpty()) {
            System.err.println("Error: Empty password.");
            return null;
        }
        if (!first.equals(second)) {
            System.err.println("Error: Passwords do not match.");
            return null;
        }
        return first;
    }
}
