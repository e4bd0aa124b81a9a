package dev.cutover.service.api;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Runs a handler's {@link Uni} on a subscription of its own, so a cancellation from the HTTP layer (the client went
 * away) drops only the answer: the work, and any transaction in it, commits or fails as a whole on the thread and
 * Hibernate session it started on, instead of being torn down from the connection's close handler.
 */
@CompletesDespiteDisconnect
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER)
public class CompletesDespiteDisconnectInterceptor {

    @AroundInvoke
    Object detach(InvocationContext invocation) throws Exception {
        Object result = invocation.proceed();
        if (result instanceof Uni<?> work) {
            return detached(work);
        }
        return result;
    }

    static <T> Uni<T> detached(Uni<T> work) {
        return Uni.createFrom().emitter(answer -> work.subscribe().with(answer::complete, answer::fail));
    }
}
