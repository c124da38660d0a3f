export const version = () => 10500;
