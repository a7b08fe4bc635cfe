package io.tombo.cli;

import java.time.DayOfWeek;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.util.Locale;

/**
 * One conversion of glibc's {@code strftime(3)} in the C locale, which is what {@code mosquitto_sub -F @X} calls
 * (it never sets a locale). An unknown conversion prints as written ({@code %Q}), as glibc does.
 */
final class CStrftime {
    private static final String[] DAYS = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
        "Saturday"};
    private static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December"};

    private static final DateTimeFormatter ZONE_NAME = DateTimeFormatter.ofPattern("zzz", Locale.US);

    private CStrftime() {
    }

    /** Formats {@code %<conversion>}; the result may be empty (as strftime returning 0). */
    static String format(char conversion, ZonedDateTime t) {
        return switch (conversion) {
            case 'a' -> DAYS[sunday0(t)].substring(0, 3);
            case 'A' -> DAYS[sunday0(t)];
            case 'b', 'h' -> MONTHS[t.getMonthValue() - 1].substring(0, 3);
            case 'B' -> MONTHS[t.getMonthValue() - 1];
            case 'c' -> format('a', t) + " " + format('b', t) + " " + format('e', t) + " " + format('T', t) + " "
                    + t.getYear();
            case 'C' -> two(Math.floorDiv(t.getYear(), 100));
            case 'd' -> two(t.getDayOfMonth());
            case 'D', 'x' -> two(t.getMonthValue()) + "/" + two(t.getDayOfMonth()) + "/" + two(t.getYear() % 100);
            case 'e' -> spaced(t.getDayOfMonth());
            case 'F' -> t.getYear() + "-" + two(t.getMonthValue()) + "-" + two(t.getDayOfMonth());
            case 'g' -> two(t.get(IsoFields.WEEK_BASED_YEAR) % 100);
            case 'G' -> Integer.toString(t.get(IsoFields.WEEK_BASED_YEAR));
            case 'H' -> two(t.getHour());
            case 'I' -> two(hour12(t));
            case 'j' -> String.format("%03d", t.getDayOfYear());
            case 'k' -> spaced(t.getHour());
            case 'l' -> spaced(hour12(t));
            case 'm' -> two(t.getMonthValue());
            case 'M' -> two(t.getMinute());
            case 'n' -> "\n";
            case 'p' -> t.getHour() < 12 ? "AM" : "PM";
            case 'P' -> t.getHour() < 12 ? "am" : "pm";
            case 'r' -> two(hour12(t)) + ":" + two(t.getMinute()) + ":" + two(t.getSecond()) + " " + format('p', t);
            case 'R' -> two(t.getHour()) + ":" + two(t.getMinute());
            case 's' -> Long.toString(t.toEpochSecond());
            case 'S' -> two(t.getSecond());
            case 't' -> "\t";
            case 'T', 'X' -> two(t.getHour()) + ":" + two(t.getMinute()) + ":" + two(t.getSecond());
            case 'u' -> Integer.toString(t.getDayOfWeek().getValue());
            case 'U' -> two((t.getDayOfYear() + 6 - sunday0(t)) / 7);
            case 'V' -> two(t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case 'w' -> Integer.toString(sunday0(t));
            case 'W' -> two((t.getDayOfYear() + 6 - (t.getDayOfWeek().getValue() - 1)) / 7);
            case 'y' -> two(t.getYear() % 100);
            case 'Y' -> Integer.toString(t.getYear());
            case 'z' -> offset(t.get(ChronoField.OFFSET_SECONDS));
            case 'Z' -> zoneAbbreviation(t);
            case '%' -> "%";
            default -> "%" + conversion;
        };
    }

    private static int sunday0(ZonedDateTime t) {
        return t.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : t.getDayOfWeek().getValue();
    }

    private static int hour12(ZonedDateTime t) {
        int h = t.getHour() % 12;
        return h == 0 ? 12 : h;
    }

    private static String two(int v) {
        return v < 10 && v >= 0 ? "0" + v : Integer.toString(v);
    }

    private static String spaced(int v) {
        return v < 10 ? " " + v : Integer.toString(v);
    }

    /** {@code +hhmm}, as {@code %z}. */
    static String offset(int totalSeconds) {
        int abs = Math.abs(totalSeconds) / 60;
        return (totalSeconds < 0 ? "-" : "+") + two(abs / 60) + two(abs % 60);
    }

    private static String zoneAbbreviation(ZonedDateTime t) {
        String id = t.getZone().getId();
        if (id.equals("Z") || id.equals("UTC") || id.equals("Etc/UTC")) {
            return "UTC";
        }
        return ZONE_NAME.format(t);
    }
}
