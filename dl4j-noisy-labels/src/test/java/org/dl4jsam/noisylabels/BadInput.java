package org.dl4jsam.noisylabels;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/** The module's check that bad input is refused with a message naming the problem. */
public final class BadInput {
    private BadInput() {}

    /**
     * @param call what must be refused
     * @param fragment a part of the message that names the problem or the fix
     */
    public static void assertRefused(Executable call, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
