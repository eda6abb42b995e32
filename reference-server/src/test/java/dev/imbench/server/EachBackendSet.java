package dev.imbench.server;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs every test of the annotated class once per {@link BackendSet}; the class takes the set as a
 * {@code @Parameter BackendSet backendSet} field and starts its server with {@code backendSet.start(config)}.
 * The display names show the set ({@code [2] MYSQL_REDIS}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedClass(name = "[{index}] {0}")
@EnumSource(BackendSet.class)
@ExtendWith(BackendSet.CloseAfterEach.class)
@interface EachBackendSet {
}
