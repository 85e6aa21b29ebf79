package org.dl4jsam.zoo;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks the one place a library class may touch a forbidden API (forbiddenapis), with the reason. */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.TYPE})
@interface SuppressForbidden {
    /** Why the forbidden API is needed here. */
    String reason();
}
