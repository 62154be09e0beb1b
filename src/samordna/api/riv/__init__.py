"""The national RIV-TA service contract GetCarePlans 2.0, with Samordna as producer (NPÖ and 1177 read SIPs)."""
