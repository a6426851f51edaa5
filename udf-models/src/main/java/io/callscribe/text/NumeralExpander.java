package io.callscribe.text;

import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the numerals in lowercased text as spoken words, before punctuation is stripped
 * (the {@code $ % . , :} around digits decide how they are read). Every replacement is padded
 * with spaces, so digits glued to letters come apart: {@code "mp3"} becomes {@code "mp three"}.
 *
 * <p>Readings, in the order they are tried:
 * <ul>
 *   <li>groups of 1-4 digits joined by single spaces or hyphens, more than 6 digits in all
 *       ({@code 4111 1111 1111 1111}, {@code 555-123-4567}): digit by digit, like a bare long
 *       digit string, because that is how card and phone numbers are formatted and said.
 *       A hyphenated year range such as {@code 2019-2020} is read that way too;
 *   <li>clock times {@code 11:30} "eleven thirty", {@code 9:05} "nine oh five", {@code 11:00} "eleven";
 *   <li>{@code am}/{@code pm} right after a number becomes {@code a m}/{@code p m}, matching how
 *       references spell {@code a.m.} once its periods are stripped;
 *   <li>money {@code $134.50} "one hundred thirty four dollars fifty cents", {@code $1} "one dollar",
 *       {@code $0.99} "ninety nine cents", {@code $2 million} "two million dollars";
 *   <li>percent {@code 5.5%} "five point five percent";
 *   <li>ordinals {@code 1st 22nd 100th} "first twenty second one hundredth";
 *   <li>decimals {@code 3.14} "three point one four" (fraction digit by digit);
 *   <li>thousands separators {@code 1,250} "one thousand two hundred fifty";
 *   <li>bare digit strings: cardinal up to 6 digits ({@code 1990} "one thousand nine hundred
 *       ninety"), digit by digit when longer or when they start with a zero ({@code 007}, zip
 *       codes, PINs), since nobody says "seven" for "007".
 * </ul>
 */
final class NumeralExpander {

    /** Longest bare digit string read as a cardinal; the scoring rules read longer ones digit by digit. */
    static final int MAX_CARDINAL_DIGITS = 6;
    // Long.MAX_VALUE has 19 digits; money and separator-grouped amounts beyond this are read digit by digit.
    private static final int MAX_LONG_DIGITS = 18;

    private static final Pattern GROUPED_DIGITS = Pattern.compile(
            "(?<![\\d$]|\\d[.,:])\\d{1,4}(?:[ -]\\d{1,4})+(?![\\d%]|[.,:]\\d|\\s?%|(?:st|nd|rd|th)\\b)");

    private static final Pattern CLOCK_TIME = Pattern.compile(
            "(?<![\\d:.,])(?<hour>\\d{1,2}):(?<minute>[0-5]\\d)(?![\\d:]|[.,]\\d)");

    private static final Pattern MERIDIEM = Pattern.compile("(?<=\\d)\\s?([ap])\\.?m\\b\\.?");

    // Groups here and in CLOCK_TIME are named for the reader; Java 17's MatchResult reads them by number.
    private static final Pattern NUMBER = Pattern.compile(
            "(?<!\\d)(?<dollar>\\$\\s?)?"
                    + "(?<integer>\\d{1,3}(?:,\\d{3})+(?!\\d)|\\d+)"
                    + "(?:\\.(?<fraction>\\d+))?"
                    + "(?:\\s?(?<scale>thousand|million|billion|trillion)\\b)?"
                    + "(?:(?<ordinal>st|nd|rd|th)(?!\\p{L})|\\s?(?<percent>%))?");

    private NumeralExpander() {}

    static String expand(String lowercased) {
        // am/pm first: it needs to see the digit before it, which the later passes turn into words.
        String text = MERIDIEM.matcher(lowercased).replaceAll(" $1 m ");
        text = replace(GROUPED_DIGITS, text, NumeralExpander::groupedDigits);
        text = replace(CLOCK_TIME, text, NumeralExpander::clockTime);
        return replace(NUMBER, text, NumeralExpander::number);
    }

    private static String replace(Pattern pattern, String text, Function<MatchResult, String> reading) {
        Matcher matcher = pattern.matcher(text);
        return matcher.replaceAll(match -> Matcher.quoteReplacement(reading.apply(match)));
    }

    private static String groupedDigits(MatchResult match) {
        String digits = match.group().replaceAll("[ -]", "");
        // Short groups ("9-5", "12 30") are separate numbers; leave them to the other readings.
        return digits.length() > MAX_CARDINAL_DIGITS ? padded(NumberWords.digitByDigit(digits)) : match.group();
    }

    private static String clockTime(MatchResult match) {
        String hour = NumberWords.cardinal(Integer.parseInt(match.group(1)));
        String minute = match.group(2);
        if (minute.equals("00")) {
            return padded(hour);
        }
        String minuteWords = minute.charAt(0) == '0'
                ? "oh " + NumberWords.digitByDigit(minute.substring(1))
                : NumberWords.cardinal(Integer.parseInt(minute));
        return padded(hour + " " + minuteWords);
    }

    private static String number(MatchResult match) {
        boolean money = match.group(1) != null;
        String integer = match.group(2);
        String fraction = match.group(3);
        String scale = match.group(4);
        String ordinal = match.group(5);
        boolean percent = match.group(6) != null;

        StringBuilder words = new StringBuilder();
        if (money) {
            words.append(money(integer, fraction, scale));
        } else {
            words.append(quantity(integer, ordinal != null && fraction == null));
            if (fraction != null) {
                words.append(" point ").append(NumberWords.digitByDigit(fraction));
            }
            if (scale != null) {
                words.append(' ').append(scale);
            }
        }
        if (ordinal != null && (money || fraction != null)) {
            words.append(' ').append(ordinal); // "1.5th" has no reading; keep the letters
        }
        if (percent) {
            words.append(" percent");
        }
        return padded(words.toString());
    }

    /** The integer part of a non-money numeral: cardinal, ordinal, or digit by digit. */
    private static String quantity(String integer, boolean asOrdinal) {
        boolean separated = integer.indexOf(',') >= 0;
        String digits = separated ? integer.replace(",", "") : integer;
        if (asOrdinal && digits.length() <= MAX_LONG_DIGITS) {
            return NumberWords.ordinal(Long.parseLong(digits));
        }
        // "1,250,000" is written as an amount, so it is read as one; bare strings follow the 6-digit rule.
        boolean cardinal = separated
                ? digits.length() <= MAX_LONG_DIGITS
                : digits.length() <= MAX_CARDINAL_DIGITS && (digits.length() == 1 || digits.charAt(0) != '0');
        return cardinal ? NumberWords.cardinal(Long.parseLong(digits)) : NumberWords.digitByDigit(digits);
    }

    private static String money(String integer, String fraction, String scale) {
        String digits = integer.replace(",", "");
        if (digits.length() > MAX_LONG_DIGITS) {
            return NumberWords.digitByDigit(digits) + " dollars";
        }
        long dollars = Long.parseLong(digits);
        String dollarWords = NumberWords.cardinal(dollars);
        if (scale != null) {
            // "$2.5 million" is "two point five million dollars"
            String amount = fraction == null ? dollarWords : dollarWords + " point " + NumberWords.digitByDigit(fraction);
            return amount + " " + scale + " dollars";
        }
        if (fraction != null && fraction.length() != 2) {
            return dollarWords + " point " + NumberWords.digitByDigit(fraction) + " dollars";
        }
        int cents = fraction == null ? 0 : Integer.parseInt(fraction);
        String dollarPart = dollarWords + (dollars == 1 ? " dollar" : " dollars");
        if (cents == 0) {
            return dollarPart;
        }
        String centPart = NumberWords.cardinal(cents) + (cents == 1 ? " cent" : " cents");
        return dollars == 0 ? centPart : dollarPart + " " + centPart;
    }

    private static String padded(String words) {
        return " " + words + " ";
    }
}
