package io.callscribe.text.pii;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The recognizer of sensitive spans on spoken and written forms, one segment and across two. */
class PiiDetectorTest {

    private final PiiDetector detector = new PiiDetector();

    /** "category: the words", one per span. */
    private List<String> found(String text) {
        return describe(words(text), detector.detect(words(text)));
    }

    private static List<String> words(String text) {
        return Arrays.asList(text.split(" "));
    }

    private static List<String> describe(List<String> words, PiiDetection detection) {
        return detection.spans().stream()
                .map(s -> s.category().wireName() + ": " + String.join(" ", words.subList(s.from(), s.to()))).toList();
    }

    // ---- cards ----------------------------------------------------------------------------------

    @Test
    void aSpokenCardNumberThatPassesLuhnIsACard() {
        assertEquals(List.of("card: four five five six seven three seven five eight six eight nine nine eight five five"),
                found("it is four five five six seven three seven five eight six eight nine nine eight five five thanks"));
    }

    @Test
    void recognizerOutputWithCommasAndCapitalsIsReadTheSame() {
        assertEquals(List.of("card: Four, five, five, six, seven, three, seven, five, eight, six, eight, nine, nine, eight, five, five."),
                found("Sure. Four, five, five, six, seven, three, seven, five, eight, six, eight, nine, nine, eight, five, five."));
    }

    @Test
    void writtenCardNumbersInGroupsOrGlued() {
        assertEquals(List.of("card: 4111 1111 1111 1111"), found("card 4111 1111 1111 1111 please"));
        assertEquals(List.of("card: 4556737586899855."), found("It's 4556737586899855."));
        assertEquals(List.of("card: 6011-0009-9013-9424"), found("use 6011-0009-9013-9424 now"));
    }

    @Test
    void sixteenDigitsFailingLuhnAreStillRedactedAsANumberOrAsACardInCardTalk() {
        String digits = "four five five six seven three seven five eight six eight nine nine eight five four";
        assertEquals(List.of("number: " + digits), found("it is " + digits + " okay"));
        assertEquals(List.of("card: " + digits), found("my visa is " + digits + " okay"), "a misheard digit breaks Luhn");
    }

    @Test
    void ohDoubleAndTripleAreDigits() {
        // 4111 1111 1111 1111
        assertEquals(List.of("card: four one one one one one one one one triple one one one one one"),
                found("number four one one one one one one one one triple one one one one one right"));
        // 5500 0055 5555 5559
        assertEquals(List.of("card: five five oh oh double oh five five five five five five five five five nine"),
                found("it's five five oh oh double oh five five five five five five five five five nine yes"));
    }

    @Test
    void anAmexNumberOfFifteenDigits() {
        assertEquals(List.of("card: 3782 822463 10005"), found("amex 3782 822463 10005 ok"));
    }

    // ---- phones, SSNs, long numbers -------------------------------------------------------------------

    @Test
    void phoneNumbersSpokenOrWritten() {
        assertEquals(List.of("phone: five five five one two three four five six seven"),
                found("call me at five five five one two three four five six seven tomorrow"));
        assertEquals(List.of("phone: 555-123-4567."), found("My number is 555-123-4567."));
        assertEquals(List.of("phone: (555) 123-4567"), found("it's (555) 123-4567 thanks"));
        assertEquals(List.of("phone: five five five dash one two one two"), found("try five five five dash one two one two later"));
        assertEquals(List.of("phone: one eight oh oh five five five one two one two"),
                found("dial one eight oh oh five five five one two one two now"));
    }

    @Test
    void aFewMisheardWordsInsideADigitStringDoNotBreakIt() {
        assertEquals(List.of("number: Six feet, takes two, one, four, eight four five six"),
                found("Six feet, takes two, one, four, eight four five six okay"));
        assertEquals(List.of("card: 4556.7375.8689.9855."), found("I lost my debit card. 4556.7375.8689.9855."));
        assertEquals(List.of("phone: 5-5-1-2-P-4-5-P-7."), found("By 5-5-1-2-P-4-5-P-7."));
        assertEquals(List.of("phone: five five five one two one two"), found("in twenty twenty I called five five five one two one two"),
                "a year is no part of a digit string");
        assertEquals(List.of(), found("a 24-hour line, covid-19 and 2-for-1 deals in the 1990s"));
    }

    @Test
    void pairsInsideADigitStringAreTwoDigits() {
        assertEquals(List.of("phone: five five five twelve thirty four"), found("it's five five five twelve thirty four okay"));
    }

    @Test
    void nineDigitsAreAnSsnAfterSocialSecurityTalkOrWritten324() {
        assertEquals(List.of("ssn: one two three four five six seven eight nine"),
                found("my social security number is one two three four five six seven eight nine okay"));
        assertEquals(List.of("ssn: 123-45-6789"), found("it is 123-45-6789 right"));
        assertEquals(List.of("number: one two three four five six seven eight nine"),
                found("the reference is one two three four five six seven eight nine okay"));
        assertEquals(List.of("ssn: six seven eight nine"), found("the last four of my social are six seven eight nine okay"));
    }

    @Test
    void longDigitStringsOfOtherLengthsAreNumbers() {
        assertEquals(List.of("number: one two three four five six seven eight"),
                found("account one two three four five six seven eight please"));
    }

    // ---- CVV and expiry only in a card's context --------------------------------------------------------

    @Test
    void expiryAndCvvAfterACardNumber() {
        assertEquals(List.of("card: 4556737586899855", "expiry: oh seven slash two six", "cvv: one two three"),
                found("card 4556737586899855 expiration oh seven slash two six and the security code is one two three thanks"));
        assertEquals(List.of("card: 4556737586899855", "expiry: 07/26", "cvv: 123"),
                found("card 4556737586899855 expires 07/26 cvv 123 thanks"));
        assertEquals(List.of("expiry: seven twenty six"), found("the card expires seven twenty six okay"));
        assertEquals(List.of("expiry: July twenty twenty six"), found("my card expires July twenty twenty six okay"));
        assertEquals(List.of("expiry: twelve twenty seven"), found("card expiration is twelve twenty seven okay"));
    }

    @Test
    void fiveOrSixDigitsInCardTalkArePartOfACardNumber() {
        assertEquals(List.of("number: four five five six seven"), found("my card is four five five six seven please"));
        assertEquals(List.of(), found("my zip is four five five six seven please"));
    }

    @Test
    void shortDigitStringsOutsideCardTalkAreLeftAlone() {
        assertEquals(List.of(), found("the code is one two three okay"));
        assertEquals(List.of(), found("room four one two on the left"));
        assertEquals(List.of(), found("it was on 7/26 I think"));
        assertEquals(List.of(), found("seven twenty six was the date okay"));
    }

    // ---- e-mail -------------------------------------------------------------------------------------

    @Test
    void emailsSpokenOrWritten() {
        assertEquals(List.of("email: john smith at gmail dot com"), found("my email is john smith at gmail dot com thanks"));
        assertEquals(List.of("email: jo.smith@example.co.uk."), found("Write to jo.smith@example.co.uk."));
        assertEquals(List.of("email: j o h n at harper valley dot com"), found("it's j o h n at harper valley dot com"));
        assertEquals(List.of("email: john.smith at Gmail.com."), found("It is john.smith at Gmail.com."));
        assertEquals(List.of("email: jo seven seven at yahoo dot co dot uk"), found("use jo seven seven at yahoo dot co dot uk"));
    }

    @Test
    void atWithoutADomainIsNoEmail() {
        assertEquals(List.of(), found("I have scheduled your appointment for monday at eleven a m"));
        assertEquals(List.of(), found("meet me at the bank dot no"));
    }

    // ---- ordinary speech ---------------------------------------------------------------------------

    @Test
    void amountsYearsAndTimesAreNotSensitive() {
        assertEquals(List.of(), found("alright your balance is a hundred and thirty four dollars"));
        assertEquals(List.of(), found("one hundred and thirty five dollars has been transferred"));
        assertEquals(List.of(), found("Your balance is $134.50 and 1,250 points."));
        assertEquals(List.of(), found("back in twenty twenty four"));
        assertEquals(List.of(), found("press one for billing or two for savings"));
        assertEquals(List.of(), found("it takes one to two days"));
        assertEquals(List.of(), found("I have two kids, one dog and three cats"));
        assertEquals(List.of(), found("The rate is 3.5 now"));
        assertEquals(List.of(), found("uh eleven a m"));
        assertEquals(List.of(), found("It was in the 1990s."));
    }

    @Test
    void aDigitStringOpenAtTheEndIsRedactedFromFourDigits() {
        assertEquals(List.of("number: four five five six"), found("my number is four five five six"));
        assertEquals(List.of(), found("my number is four five five"), "three digits: at most an issuer prefix");
        assertEquals(List.of(), found("a book of about 1455,"), "a lone numeral is a year or an amount");
        assertEquals(List.of("number: 4556 7375"), found("it's 4556 7375"));
        assertEquals(List.of("number: six feet, takes two, one, four, eight"), found("six feet, takes two, one, four, eight feet."),
                "a string with misheard digits in it stays open over a misheard last digit or two");
        assertEquals(List.of(), found("four five five six and then we talk"), "more words close it");
    }

    // ---- across segments -----------------------------------------------------------------------------

    @Test
    void aCardNumberSplitAcrossTwoSegmentsIsCaughtInBoth() {
        List<String> first = words("my card number is four five five six seven three seven five eight six eight nine");
        PiiDetection a = detector.detect(first, PiiCarry.NONE, 0, 4_000);
        assertEquals(List.of("number: four five five six seven three seven five eight six eight nine"), describe(first, a),
                "twelve digits open at the end: redacted on their own account");
        assertEquals(12, a.carry().openDigits());

        List<String> second = words("nine eight five five thank you");
        PiiDetection b = detector.detect(second, a.carry(), 5_000, 7_000);
        assertEquals(List.of("card: nine eight five five"), describe(second, b), "with the first twelve it is a valid card");
        assertEquals(List.of(), found("nine eight five five thank you"), "alone, four digits in the middle of speech are nothing");
    }

    @Test
    void aShortOpeningGroupIsJoinedToTheRest() {
        List<String> first = words("sure it's four five five");
        PiiDetection a = detector.detect(first, PiiCarry.NONE, 0, 2_000);
        assertEquals(List.of(), describe(first, a), "the issuer prefix alone is shown");
        List<String> second = words("six seven three seven five eight six eight nine nine eight five five ok");
        assertEquals(List.of("card: six seven three seven five eight six eight nine nine eight five five"),
                describe(second, detector.detect(second, a.carry(), 2_600, 6_000)));
    }

    @Test
    void aPhoneNumberSplitAfterTheAreaCode() {
        List<String> first = words("it's five five five");
        PiiDetection a = detector.detect(first, PiiCarry.NONE, 0, 1_500);
        List<String> second = words("one two three four five six seven");
        PiiDetection b = detector.detect(second, a.carry(), 2_200, 4_000);
        assertEquals(List.of("phone: one two three four five six seven"), describe(second, b));
    }

    @Test
    void silenceBetweenTwoHalvesKeepsTheCarry() {
        PiiDetection a = detector.detect(words("four five five six seven three seven five"), PiiCarry.NONE, 0, 3_000);
        PiiDetection silence = detector.detect(List.of(), a.carry(), 3_600, 4_000);
        List<String> second = words("eight six eight nine nine eight five five");
        assertEquals(List.of("card: eight six eight nine nine eight five five"),
                describe(second, detector.detect(second, silence.carry(), 4_600, 7_000)));
    }

    @Test
    void theCarryLapsesAfterALongPauseAndIgnoresOlderSegments() {
        PiiDetection a = detector.detect(words("four five five six seven three seven five eight six eight nine"), PiiCarry.NONE, 0, 4_000);
        List<String> second = words("nine eight five five thank you");
        assertEquals(List.of(), describe(second, detector.detect(second, a.carry(), 4_000 + PiiCarry.MAX_DIGIT_PAUSE_MS + 1, 20_000)));
        assertEquals(List.of(), describe(second, detector.detect(second, a.carry(), 3_000, 3_900)), "a segment from before");
        assertTrue(a.carry().precedes(4_000));
    }

    @Test
    void cardTalkCarriesToTheNextSegmentForAMinute() {
        PiiDetection a = detector.detect(words("I lost my debit card"), PiiCarry.NONE, 0, 2_000);
        List<String> second = words("the code on the back is one two three okay");
        assertEquals(List.of("cvv: one two three"), describe(second, detector.detect(second, a.carry(), 10_000, 12_000)));
        assertEquals(List.of(), describe(second, detector.detect(second, a.carry(), 2_000 + PiiCarry.CARD_TALK_MEMORY_MS + 1, 70_000)));
    }

    @Test
    void theCarryHoldsLengthAndLuhnSumsNotDigits() {
        PiiDetection a = detector.detect(words("four five five six seven three seven five"), PiiCarry.NONE, 0, 3_000);
        assertEquals(new PiiCarry(8, Luhn.of("45567375"), 3_000, PiiCarry.NEVER), a.carry());
    }
}
