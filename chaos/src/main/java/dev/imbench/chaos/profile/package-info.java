/** Named weak-network profiles: documented compositions of toxics for mobile conditions. */
package dev.imbench.chaos.profile;
