package io.callscribe.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class RedactPiiTest {

    private static final String SAID = "my number is five five five one two three four five six seven okay";

    @Test
    void redactsByDefaultTagsOrLeavesOnRequest() {
        RedactPii f = new RedactPii();
        assertEquals("my number is [phone] okay", f.eval(SAID));
        assertEquals("my number is [phone: five five five one two three four five six seven] okay", f.eval(SAID, "TAG"));
        assertEquals(SAID, f.eval(SAID, "off"));
        assertEquals("my number is [phone] okay", f.eval(SAID, null));
        assertNull(f.eval(null));
        assertThrows(IllegalArgumentException.class, () -> f.eval(SAID, "mask"));
    }

    @Test
    void shipsToTaskManagersAsFlinkSerializesFunctions() throws Exception {
        assertEquals("[card]", InstantiationUtil.clone(new RedactPii()).eval("4556737586899855"));
    }
}
