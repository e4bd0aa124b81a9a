package dev.cutover.service.api;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A resource whose requests, once in the handler, run to the end whatever the client does: a client that
 * disconnects or times out no longer cancels the reactive pipeline halfway through a transaction.
 */
@InterceptorBinding
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface CompletesDespiteDisconnect {
}
